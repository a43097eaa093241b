import Crypto
import DirectoryStore
import Foundation
import Synchronization

/// Checks presented bearer tokens against the hash in ``TokenStore`` (ARCHITECTURE §8).
///
/// The presented token is hashed and the two digests are compared in constant time, so a wrong token costs the same
/// as a right one and the comparison leaks nothing about the stored hash. The token file is re-read whenever its
/// inode, size or modification time changes (one `stat` per request), so `scimdir token rotate` takes effect at once.
///
/// Ownership: the cached hash lives in a mutex; any task may call ``verify(_:)``.
public final class TokenVerifier: Sendable {
    private let store: TokenStore
    private let cache = Mutex<(stamp: FileStamp?, digest: [UInt8]?)>((nil, nil))

    /// A verifier for the token in `store`.
    public init(store: TokenStore) {
        self.store = store
    }

    /// Whether `token` is the current token. Always `false` when no token exists.
    ///
    /// The presented token is always hashed, and the full digests compared with swift-crypto's constant-time digest
    /// equality: how long a wrong token takes depends on its length only, never on how much of it is right.
    public func verify(_ token: String) -> Bool {
        let presented = SHA256.hash(data: Array(token.utf8))
        guard let expected = currentDigest() else { return false }
        return presented == expected
    }

    private func currentDigest() -> [UInt8]? {
        let stamp = FileStamp(path: store.file.path)
        return cache.withLock { cache in
            if stamp == nil || stamp != cache.stamp {
                cache = (stamp, store.read()?.digest)
            }
            return cache.digest
        }
    }
}
