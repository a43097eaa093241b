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
    /// The presented token is always hashed, and the full digests always compared with ``constantTimeEqual(_:_:)``:
    /// how long a wrong token takes depends on its length only, never on how much of it is right.
    public func verify(_ token: String) -> Bool {
        let presented = TokenStore.digest(of: token)
        guard let expected = currentDigest() else { return false }
        return Self.constantTimeEqual(expected, presented)
    }

    /// Whether two byte sequences are equal, in time that depends on their lengths only: every byte of both is read
    /// and the differences are combined without a branch, with no early exit at the first difference. Sequences of
    /// different lengths are unequal (digests always have the same length).
    static func constantTimeEqual<Expected: Collection<UInt8>, Presented: Collection<UInt8>>(
        _ expected: Expected, _ presented: Presented
    ) -> Bool {
        guard expected.count == presented.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(expected, presented) { difference |= left ^ right }
        return difference == 0
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
