namespace Airwave.Node.ChannelList;

/// <summary>
/// Whether the channel list could be read at its last reconciliation, and since when it cannot: the reconciler writes it,
/// the alert evaluator reads it (the <c>channel-list</c> alert), on the node where the reconciler runs.
/// </summary>
internal sealed class ChannelListHealth
{
    private readonly Lock gate = new();
    private (string Error, DateTime SinceUtc)? failing;

    /// <summary>The latest error and when the list first became unreadable, or null while it reads.</summary>
    public (string Error, DateTime SinceUtc)? Failing
    {
        get
        {
            lock (gate)
            {
                return failing;
            }
        }
    }

    /// <summary>The list could not be read at <paramref name="atUtc"/>; an outage keeps the time it began.</summary>
    public void Failed(string error, DateTime atUtc)
    {
        lock (gate)
        {
            failing = (error, failing?.SinceUtc ?? atUtc);
        }
    }

    public void Read()
    {
        lock (gate)
        {
            failing = null;
        }
    }
}
