using System.Net;

namespace Airwave.Streaming.Access;

/// <summary>
/// Slows down and then refuses repeated failed logins (source passwords, admin tokens) per client and target: after
/// <see cref="LoginThrottleSettings.SlowAfter"/> failures in a window each further failure is answered later and later,
/// and after <see cref="LoginThrottleSettings.LockAfter"/> the client is refused unchecked for the lockout, so guessing
/// costs hours instead of a second per thousand tries. A success clears the count. Networks in
/// <see cref="LoginThrottleSettings.Exempt"/> (a balancer every client seems to come from) are slowed but never locked.
/// A pure state object: the callers wait and answer, the node logs <see cref="Sweep"/>'s summaries.
/// </summary>
public sealed class LoginThrottle(LoginThrottleSettings settings, TimeProvider clock)
{
    /// <summary>Most clients tracked at once; past it the oldest windows are forgotten first, so a flood of addresses cannot grow memory.</summary>
    public const int MaxTracked = 10_000;

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>The key of one client's attempts at one target (<c>source /live</c>, <c>admin</c>).</summary>
    public static string KeyOf(string target, IPAddress? client) => $"{target} from {(client is null ? "unknown" : ChannelAccess.Normalize(client))}";

    /// <summary>Whether an attempt may be checked at all: locked clients are refused before their password is looked at.</summary>
    public LoginVerdict Check(string key, IPAddress? client)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            return entries.TryGetValue(key, out var entry) && entry.LockedUntil > now && !IsExempt(client)
                ? new LoginVerdict(TimeSpan.Zero, entry.LockedUntil - now, entry.Failures)
                : default;
        }
    }

    /// <summary>Counts a failure; the verdict says how long to wait before answering it, and whether it started a lockout.</summary>
    public LoginVerdict Failed(string key, IPAddress? client)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry) || now - entry.WindowStart > settings.Window)
            {
                if (entries.Count >= MaxTracked)
                {
                    Forget(now);
                }

                entry = new Entry { WindowStart = now };
                entries[key] = entry;
            }

            entry.Failures++;
            entry.Unreported++;
            var excess = entry.Failures - settings.SlowAfter;
            var delay = excess <= 0 ? TimeSpan.Zero : Min(FirstDelay * Math.Pow(2, Math.Min(excess - 1, 16)), settings.MaxDelay);
            if (entry.Failures >= settings.LockAfter && !IsExempt(client))
            {
                entry.LockedUntil = now + settings.Lockout;
                return new LoginVerdict(delay, settings.Lockout, entry.Failures);
            }

            return new LoginVerdict(delay, TimeSpan.Zero, entry.Failures);
        }
    }

    /// <summary>A right password or token: the client's failures are forgiven.</summary>
    public void Succeeded(string key)
    {
        lock (gate)
        {
            entries.Remove(key);
        }
    }

    /// <summary>The failures counted since the last sweep, per client, and forgets windows and lockouts that ended.</summary>
    public IReadOnlyList<LoginFailureSummary> Sweep()
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var summaries = entries.Where(e => e.Value.Unreported > 0)
                .Select(e => new LoginFailureSummary(e.Key, e.Value.Unreported, e.Value.LockedUntil > now))
                .ToList();
            foreach (var entry in entries.Values)
            {
                entry.Unreported = 0;
            }

            foreach (var key in entries.Where(e => Ended(e.Value, now)).Select(e => e.Key).ToList())
            {
                entries.Remove(key);
            }

            return summaries;
        }
    }

    private bool IsExempt(IPAddress? client) =>
        client is not null && settings.Exempt.Any(network => network.Contains(ChannelAccess.Normalize(client)));

    private bool Ended(Entry entry, DateTimeOffset now) => now - entry.WindowStart > settings.Window && entry.LockedUntil <= now;

    /// <summary>Makes room: windows that ended go first, then the oldest tenth of those still running.</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var key in entries.Where(e => Ended(e.Value, now)).Select(e => e.Key).ToList())
        {
            entries.Remove(key);
        }

        if (entries.Count >= MaxTracked)
        {
            foreach (var key in entries.OrderBy(e => e.Value.WindowStart).Take(MaxTracked / 10).Select(e => e.Key).ToList())
            {
                entries.Remove(key);
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Entry
    {
        public DateTimeOffset WindowStart { get; init; }

        public int Failures { get; set; }

        public int Unreported { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
