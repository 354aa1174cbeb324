using Airwave.Hocon;
using Airwave.Streaming.Relay;
using Microsoft.Extensions.Configuration;

namespace Airwave.Node.Hosting;

/// <summary>Reads <c>airwave.relay</c> into the options of this node's relays.</summary>
internal static class RelaySettingsReader
{
    public static RelayOptions Read(IConfiguration configuration, string secret, Func<string, CancellationToken, Task<string?>> locateOwner)
    {
        var idle = configuration.GetDuration("airwave:relay:idle-close-after", TimeSpan.FromSeconds(10));
        var replica = configuration.GetDuration("airwave:relay:replica", TimeSpan.Zero);
        if (idle <= TimeSpan.Zero || replica < TimeSpan.Zero)
        {
            throw new FormatException("airwave.relay.idle-close-after must be positive and airwave.relay.replica not negative");
        }

        return new RelayOptions { IdleCloseAfter = idle, Replica = replica, Secret = secret, LocateOwner = locateOwner };
    }
}
