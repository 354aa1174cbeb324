using Airwave.Hocon.Values;
using Airwave.Streaming.Relay;

namespace Airwave.Node.Hosting;

/// <summary>Reads <c>airwave.relay</c> into the options of this node's relays.</summary>
internal static class RelaySettingsReader
{
    public static RelayOptions Read(IConfiguration configuration, string secret, Func<string, CancellationToken, Task<string?>> locateOwner)
    {
        // Below a second a relay would close and reopen its owner's feed between two listeners of a playlist.
        var idle = configuration.GetDuration("airwave:relay:idle-close-after", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));
        var replica = configuration.GetDuration("airwave:relay:replica", TimeSpan.Zero, TimeSpan.Zero);
        var delay = configuration.GetDuration("airwave:relay:delay", TimeSpan.FromSeconds(15), TimeSpan.Zero);
        return new RelayOptions { IdleCloseAfter = idle, Replica = replica, Delay = delay, Secret = secret, LocateOwner = locateOwner };
    }
}
