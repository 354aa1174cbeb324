using System.Text.Json.Serialization;
using Airwave.Streaming.Alerts;

namespace Airwave.Node.Alerts;

/// <summary>An alert as it is delivered (webhook body, e-mail, log) and as <c>GET /api/alerts</c> lists it.</summary>
/// <param name="Condition">One of <see cref="AlertConditions"/>.</param>
/// <param name="Channel">The channel it is about, or null.</param>
/// <param name="Subject">What it is about: the channel, the member's Akka address, or the data directory.</param>
/// <param name="State"><c>firing</c> or <c>resolved</c>.</param>
/// <param name="StartedUtc">When the condition began.</param>
/// <param name="FiredUtc">When the alert fired (the condition had held long enough).</param>
/// <param name="EndedUtc">When it was found over; null while firing.</param>
/// <param name="Message">What an operator reads.</param>
/// <param name="Node">The node that saw it (<c>airwave.node-name</c>).</param>
/// <param name="DedupKey">The same for the firing and the resolution of one alert, different for every other alert.</param>
internal sealed record AlertNotice(
    string Condition,
    string? Channel,
    string Subject,
    string State,
    DateTime StartedUtc,
    DateTime FiredUtc,
    DateTime? EndedUtc,
    string Message,
    string Node,
    string DedupKey)
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";

    [JsonIgnore]
    public bool IsFiring => State == Firing;

    public static AlertNotice Of(Alert alert, string node) => new(
        alert.Key.Condition,
        alert.Channel,
        alert.Key.Subject,
        alert.IsFiring ? Firing : Resolved,
        alert.StartedUtc,
        alert.FiredUtc,
        alert.EndedUtc,
        alert.Message,
        node,
        // The node is part of it: each node reports what it sees (its disk, its relays, the members it cannot reach).
        $"airwave/{node}/{alert.Key.Condition}/{alert.Key.Subject}");
}
