public import Foundation
import Glibc
import Synchronization

/// The `--on-diff` command (ARCHITECTURE §6): a shell command run with a diff file's path as its argument.
///
/// It runs as `/bin/sh -c 'CMD "$1"' sh PATH`, so `CMD` may be a program with arguments or any shell snippet, and the
/// path arrives as its last argument, quoted. The environment also carries `SCIMDIR_DIFF_PATH` and
/// `SCIMDIR_DIFF_SEQUENCE`. Standard output and error go where scimdir's go (the journal under systemd).
///
/// ```swift
/// let status = try await HookCommand("python3 /opt/app/consumer.py").run(path: url, sequence: 7)   // 0: delivered
/// ```
///
/// The command starts with every signal at its default action and none blocked: the daemon's threads block signals
/// and its signal handling ignores SIGTERM, which a child would otherwise inherit, and then survive `systemctl stop`.
/// It runs in a process group of its own, so that cancelling reaches the programs the shell started, not only the
/// shell.
public struct HookCommand: Sendable, Hashable {
    /// The command text as given.
    public var command: String

    /// A command.
    public init(_ command: String) {
        self.command = command
    }

    /// `/bin/sh` could not be started.
    public struct SpawnFailure: Error, CustomStringConvertible {
        /// `errno` of `posix_spawn`.
        public var code: Int32
        /// `cannot start /bin/sh: …`.
        public var description: String { "cannot start /bin/sh: \(String(cString: strerror(code)))" }
    }

    /// Runs the command for one diff and waits for it to finish. Cancelling the task sends SIGTERM to its process
    /// group, and SIGKILL after `killAfter` when the command has not exited by then (it ignores SIGTERM).
    ///
    /// - Parameter killAfter: how long a cancelled command has to exit after SIGTERM.
    /// - Returns: the exit status; a command killed by a signal counts as failed, with 128 + the signal number.
    /// - Throws: ``SpawnFailure``.
    public func run(path: URL, sequence: Int, killAfter: Duration = .seconds(5)) async throws(SpawnFailure) -> Int32 {
        var environment = ProcessInfo.processInfo.environment
        environment["SCIMDIR_DIFF_PATH"] = path.path
        environment["SCIMDIR_DIFF_SEQUENCE"] = String(sequence)
        // The child is reaped only after `exited` is set: its pid, and so its group's id, cannot be reused before.
        let child = ChildProcess(
            pid: try Self.spawn(
                ["/bin/sh", "-c", command + " \"$1\"", "sh", path.path],
                environment: environment.map { "\($0.key)=\($0.value)" }))
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                Thread {
                    Self.waitUntilExited(child.pid)
                    child.exited.store(true, ordering: .sequentiallyConsistent)
                    continuation.resume(returning: Self.waitForExit(child.pid))
                }.start()
            }
        } onCancel: {
            kill(-child.pid, SIGTERM)
            let (seconds, attoseconds) = killAfter.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                if !child.exited.load(ordering: .sequentiallyConsistent) { kill(-child.pid, SIGKILL) }
            }
        }
    }

    private static func spawn(_ arguments: [String], environment: [String]) throws(SpawnFailure) -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        var noSignal = sigset_t()
        sigemptyset(&noSignal)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setsigmask(&attributes, &noSignal)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child = pid_t()
        let result = posix_spawn(&child, arguments[0], nil, &attributes, argv, envp)
        guard result == 0 else { throw SpawnFailure(code: result) }
        return child
    }

    /// Waits until the child has exited, leaving it to be reaped.
    private static func waitUntilExited(_ child: pid_t) {
        var info = siginfo_t()
        while waitid(P_PID, id_t(child), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
    }

    /// Waits for the child and decodes its status: the exit code, or 128 + the signal that killed it.
    private static func waitForExit(_ child: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// A spawned command: its pid, which is also its process group's id, and whether it has exited.
private final class ChildProcess: Sendable {
    let pid: pid_t
    let exited = Atomic<Bool>(false)

    init(pid: pid_t) { self.pid = pid }
}
