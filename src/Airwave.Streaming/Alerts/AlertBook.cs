namespace Airwave.Streaming.Alerts;

/// <summary>
/// Turns repeated observations of what holds into alerts that start and end, StreamMachine's way: an alert fires once
/// when its condition has held for the observation's <see cref="AlertObservation.After"/>, never again while it holds,
/// and resolves once when an evaluation no longer finds it. Pure state: the evaluator calls it, nothing here waits or
/// talks to anyone.
/// </summary>
public sealed class AlertBook
{
    private readonly int recentCapacity;
    private readonly Dictionary<AlertKey, DateTime> pending = new();
    private readonly Dictionary<AlertKey, Alert> firing = new();
    private readonly LinkedList<Alert> recent = new();

    /// <param name="recentCapacity">How many resolved alerts <see cref="Recent"/> keeps, newest first.</param>
    public AlertBook(int recentCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(recentCapacity);
        this.recentCapacity = recentCapacity;
    }

    /// <summary>The alerts firing now, oldest first.</summary>
    public IReadOnlyList<Alert> Active => [.. firing.Values.OrderBy(a => a.FiredUtc)];

    /// <summary>The last resolved alerts, newest first.</summary>
    public IReadOnlyList<Alert> Recent => [.. recent];

    /// <summary>
    /// Takes one evaluation: <paramref name="holding"/> is every condition that holds at <paramref name="nowUtc"/>; any
    /// firing alert missing from it has ended. Returns the alerts that fired (<see cref="Alert.IsFiring"/>) or resolved
    /// now, firings first.
    /// </summary>
    public IReadOnlyList<Alert> Observe(IEnumerable<AlertObservation> holding, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(holding);
        var transitions = new List<Alert>();
        var seen = new HashSet<AlertKey>();
        foreach (var observation in holding)
        {
            if (!seen.Add(observation.Key) || firing.ContainsKey(observation.Key))
            {
                continue;
            }

            var since = observation.SinceUtc ?? pending.GetValueOrDefault(observation.Key, nowUtc);
            if (nowUtc - since < observation.After)
            {
                pending[observation.Key] = since;
                continue;
            }

            pending.Remove(observation.Key);
            var alert = new Alert(observation.Key, observation.Channel, observation.Message, since, nowUtc, null);
            firing.Add(observation.Key, alert);
            transitions.Add(alert);
        }

        // A condition that stopped before it fired starts from nothing when it comes back.
        foreach (var key in pending.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            pending.Remove(key);
        }

        foreach (var alert in firing.Values.Where(a => !seen.Contains(a.Key)).OrderBy(a => a.FiredUtc).ToList())
        {
            firing.Remove(alert.Key);
            var ended = alert with { EndedUtc = nowUtc };
            Remember(ended);
            transitions.Add(ended);
        }

        return transitions;
    }

    private void Remember(Alert ended)
    {
        recent.AddFirst(ended);
        while (recent.Count > recentCapacity)
        {
            recent.RemoveLast();
        }
    }
}
