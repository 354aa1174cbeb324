using Airwave.Persistence.Sessions;

namespace Airwave.Persistence.EarlierVersion;

/// <summary>
/// The listener sessions a version before sessions moved to Akka.Persistence stored in its own table, kept by schema
/// version 5 so that listeners resume across the upgrade: the node writes them into its session store once and forgets them here.
/// </summary>
public interface IEarlierSessionStore
{
    /// <summary>Up to <paramref name="max"/> of the sessions still waiting, as writes of their stored version.</summary>
    Task<IReadOnlyList<SessionStateWrite>> ReadAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Forgets <paramref name="sessionIds"/>, once the session store holds them.</summary>
    Task ForgetAsync(IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken = default);
}
