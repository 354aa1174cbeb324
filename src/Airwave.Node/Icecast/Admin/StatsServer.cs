namespace Airwave.Node.Icecast.Admin;

/// <summary>What <c>/admin/stats</c> says about the server itself.</summary>
/// <param name="Host">The <c>Host</c> the request named, for <c>host</c> and each source's <c>listenurl</c>.</param>
/// <param name="StartedUtc">When the node started.</param>
/// <param name="Version">The node's version.</param>
internal sealed record StatsServer(string Host, DateTime StartedUtc, string Version);
