namespace Airwave.Node.Admin;

/// <summary>Who a node is, for <c>GET /api/node</c>; <c>ResumedSessions</c> counts the listener connections that resumed a session since it started.</summary>
internal sealed record NodeStatus(
    string Name, string Version, string[] Roles, DateTime StartedUtc, double UptimeSeconds, int HttpPort, int AdminPort, string DataDirectory, long DeadLetters,
    long WorkingSetBytes, long GcHeapBytes, long GcCommittedBytes, long ResumedSessions);

/// <summary>One actor of the hierarchy, for <c>GET /api/actors/hierarchy</c>.</summary>
internal sealed record ActorStatus(string Path, string Type, int MailboxDepth);
