using Airwave.Streaming.Upstreams;

namespace Airwave.Channels.Registry;

/// <summary>
/// A channel added at runtime, through the admin API or from the channel list (<c>airwave.channels-from</c>): its name,
/// source password, upstreams and title; every other setting comes from channel-defaults.
/// </summary>
/// <param name="Name">Channel id and mount name.</param>
/// <param name="Password">Source password; empty when only pulled.</param>
/// <param name="Upstreams">Upstreams to pull, in order; empty for a pushed channel.</param>
/// <param name="OnDemand">Pull only while someone listens.</param>
/// <param name="Title">The stream's name (<c>icy-name</c>), or empty for channel-defaults' <c>name</c>.</param>
/// <param name="Listed">True when the channel list put it there: the list's reconciliation may change or stop it, and never touches the others.</param>
public sealed record RuntimeChannel(string Name, string Password, IReadOnlyList<UpstreamSettings> Upstreams, bool OnDemand, string Title = "", bool Listed = false)
{
    /// <summary>True when <paramref name="other"/> describes the same channel the same way (the upstream lists compared item by item).</summary>
    public bool SameAs(RuntimeChannel other) =>
        other is not null && Name == other.Name && Password == other.Password && OnDemand == other.OnDemand && Title == other.Title && Listed == other.Listed
        && Upstreams.Count == other.Upstreams.Count && Upstreams.Zip(other.Upstreams, SameUpstream).All(same => same);

    private static bool SameUpstream(UpstreamSettings a, UpstreamSettings b) =>
        a.Url == b.Url && a.Type == b.Type && a.UserAgent == b.UserAgent
        && a.Headers.Count == b.Headers.Count && a.Headers.All(h => b.Headers.TryGetValue(h.Key, out var value) && value == h.Value);
}
