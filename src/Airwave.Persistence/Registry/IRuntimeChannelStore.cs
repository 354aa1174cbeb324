namespace Airwave.Persistence.Registry;

/// <summary>The channels added through the admin API, one row per channel name, shared by every node of a cluster.</summary>
public interface IRuntimeChannelStore
{
    /// <summary>Every stored channel definition, ordered by name.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="definition"/> under <paramref name="name"/>; false when a channel of that name is stored already.</summary>
    Task<bool> AddAsync(string name, string definition, CancellationToken cancellationToken = default);

    /// <summary>Removes the channel <paramref name="name"/>; false when none was stored.</summary>
    Task<bool> RemoveAsync(string name, CancellationToken cancellationToken = default);
}
