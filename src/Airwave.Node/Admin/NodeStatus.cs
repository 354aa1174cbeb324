namespace Airwave.Node.Admin;

/// <summary>Who a node is, for <c>GET /api/node</c>.</summary>
internal sealed record NodeStatus(
    string Name, string Version, string[] Roles, DateTime StartedUtc, double UptimeSeconds, int HttpPort, int AdminPort, string DataDirectory, long DeadLetters,
    long WorkingSetBytes, long GcHeapBytes, long GcCommittedBytes);

/// <summary>One actor of the hierarchy, for <c>GET /api/actors/hierarchy</c>.</summary>
internal sealed record ActorStatus(string Path, string Type, int MailboxDepth);
