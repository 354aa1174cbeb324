using Airwave.Channels.Registry;

namespace Airwave.Node.ChannelList;

/// <summary>What one reconciliation found and did.</summary>
/// <param name="AtUtc">When it ran.</param>
/// <param name="Diff">The changes the list asked for; null when the list could not be read.</param>
/// <param name="Applied">True when the changes were made (false for a dry run or an unreadable list).</param>
/// <param name="Error">Why the list could not be read, or a change that failed; null when all went well.</param>
internal sealed record ChannelListOutcome(DateTime AtUtc, ChannelListDiff? Diff, bool Applied, string? Error);
