namespace Airwave.Node.ChannelList;

/// <summary>A reconciliation as the admin API and the CLI show it: channel names per change.</summary>
internal sealed record ChannelListReport(
    DateTime AtUtc, bool Applied, IReadOnlyList<string> Start, IReadOnlyList<string> Stop, IReadOnlyList<string> Restart, IReadOnlyList<string> Unchanged, IReadOnlyList<string> Conflicts, string? Error)
{
    public static ChannelListReport Of(ChannelListOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var diff = outcome.Diff;
        return new ChannelListReport(
            outcome.AtUtc,
            outcome.Applied,
            diff?.Start.Select(c => c.Name).ToList() ?? [],
            diff?.Stop ?? [],
            diff?.Restart.Select(c => c.Name).ToList() ?? [],
            diff?.Unchanged ?? [],
            diff?.Conflicts ?? [],
            outcome.Error);
    }
}
