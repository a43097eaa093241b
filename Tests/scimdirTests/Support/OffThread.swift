import Dispatch

/// Runs blocking work (poll, recv, waitpid) on a Dispatch thread, so that it never occupies one of the few threads of
/// Swift's cooperative pool while tests run in parallel.
func offThread<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
