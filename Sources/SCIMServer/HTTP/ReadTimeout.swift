public import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// How long a client may take to send a request, so that slow or silent clients cannot hold connections forever
/// (ARCHITECTURE §8; issue 8's slow clients).
///
/// One duration bounds three waits on an HTTP/1.1 connection:
/// - the request head (request line and headers): from the connection's start, or from the previous response, the
///   whole head must have arrived within the timeout — a client sending a byte a second is cut off;
/// - the body: from the head, the whole body must have arrived within the timeout, however it trickles;
/// - an idle keep-alive connection is closed after the timeout.
///
/// Time the server spends on a request (a slow disk) never counts. Cutting off means closing the connection without
/// a response: the client is too slow to be listening.
///
/// ```swift
/// let server = HTTPServerBuilder.http1(configuration: ReadTimeout.http1Configuration(.seconds(30)))
/// ```
public enum ReadTimeout {
    /// 30 seconds: identity providers send small requests at once, and a reverse proxy in front buffers them.
    public static let standard: Duration = .seconds(30)

    /// The HTTP/1.1 configuration that enforces `timeout`: Hummingbird's idle timeout for heads and idle
    /// connections, and a ``RequestBodyDeadlineHandler`` for bodies.
    public static func http1Configuration(_ timeout: Duration) -> HTTP1Channel.Configuration {
        let amount = TimeAmount(timeout)
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestBodyDeadlineHandler(timeout: amount)], idleTimeout: amount)
    }
}

/// Closes the connection when a request's body has not fully arrived within a deadline from its head.
///
/// Hummingbird's idle timeout restarts with every body part, so a body sent a byte at a time would never end; this
/// handler gives the whole body one deadline. One instance per connection, on its event loop.
final class RequestBodyDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            deadline?.cancel()
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                loopBound.value.close(promise: nil)
            }
        case .body:
            break
        case .end:
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension RequestBodyDeadlineHandler: Sendable {}
