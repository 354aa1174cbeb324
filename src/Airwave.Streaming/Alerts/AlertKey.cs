namespace Airwave.Streaming.Alerts;

/// <summary>What an alert is about: a condition and its subject (a channel, a member's address, the data directory).</summary>
/// <remarks>Two observations with the same key are the same alert, so a condition that holds for an hour fires once.</remarks>
public sealed record AlertKey(string Condition, string Subject)
{
    public override string ToString() => Condition + "/" + Subject;
}
