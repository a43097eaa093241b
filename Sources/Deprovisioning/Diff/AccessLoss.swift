/// How much access a diff takes away, as the guard measured it (ARCHITECTURE §6):
/// `{"usersLosingAccess": 2, "activeUsersBefore": 40}`.
public struct AccessLoss: Sendable, Hashable, Codable {
    /// The number of distinct users who lose access (``DiffEntries/usersLosingAccess``).
    public var usersLosingAccess: Int
    /// The number of active users before the diff: the denominator of a share limit (`5%`).
    public var activeUsersBefore: Int

    /// Creates a measurement.
    public init(usersLosingAccess: Int, activeUsersBefore: Int) {
        self.usersLosingAccess = usersLosingAccess
        self.activeUsersBefore = activeUsersBefore
    }
}
