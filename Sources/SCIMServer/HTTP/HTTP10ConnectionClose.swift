public import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

extension HTTPServerBuilder {
    /// scimdir's HTTP/1.1 server: Hummingbird's, with the ``ReadTimeout`` and with connections that must not be kept
    /// alive — an HTTP/1.0 request without `Connection: keep-alive` (RFC 9112 §9.3) — closed after their response.
    ///
    /// ```swift
    /// let app = Application(router: router, server: .scimHTTP1(readTimeout: .seconds(30)))
    /// ```
    public static func scimHTTP1(readTimeout: Duration) -> HTTPServerBuilder {
        let configuration = ReadTimeout.http1Configuration(readTimeout)
        return HTTPServerBuilder { responder in
            ConnectionCloseChannel(base: HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}

/// Hummingbird's HTTP/1 child channel with a ``HTTP10ConnectionCloseHandler`` behind the HTTP/1 decoder, where the
/// request's HTTP version is still known (Hummingbird's requests no longer carry it).
struct ConnectionCloseChannel: ServerChildChannel {
    let base: HTTP1Channel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let decoder = try channel.pipeline.syncOperations.handler(
                type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(HTTP10ConnectionCloseHandler(), position: .after(decoder))
            return value
        }
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// Closes the connection after the response to a request that is not keep-alive (`HTTPRequestHead.isKeepAlive`:
/// HTTP/1.0 without `Connection: keep-alive`, or `Connection: close`), and says so in the response's `Connection`
/// header. Pipelined requests are answered in order, so one flag per request is queued. One instance per connection.
final class HTTP10ConnectionCloseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// For each request read and not yet answered: whether to close after its response.
    private var closeAfterResponse: [Bool] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) { closeAfterResponse.append(!head.isKeepAlive) }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where closeAfterResponse.first == true:
            head.headers.replaceOrAdd(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end where closeAfterResponse.first == true:
            closeAfterResponse.removeFirst()
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(data).assumeIsolated().whenComplete { result in
                loopBound.value.close(promise: nil)
                promise?.completeWith(result)
            }
        case .end:
            if !closeAfterResponse.isEmpty { closeAfterResponse.removeFirst() }
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }
}

@available(*, unavailable)
extension HTTP10ConnectionCloseHandler: Sendable {}
