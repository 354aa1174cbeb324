using System.Net;

namespace Airwave.Streaming.Access;

/// <summary><c>airwave.login-failures</c>: when repeated failed logins are slowed down and when they are refused.</summary>
/// <param name="SlowAfter">Failures in a window answered at once; each further one waits twice as long as the one before (from 250 ms).</param>
/// <param name="LockAfter">Failures in a window after which the client is refused unchecked for <paramref name="Lockout"/>.</param>
/// <param name="Window">How long failures are counted together.</param>
/// <param name="Lockout">How long a locked client is refused.</param>
/// <param name="MaxDelay">The longest a failure's answer is held back.</param>
/// <param name="Exempt">Networks slowed but never locked: a balancer or NAT every client seems to come from.</param>
public sealed record LoginThrottleSettings(int SlowAfter, int LockAfter, TimeSpan Window, TimeSpan Lockout, TimeSpan MaxDelay, IReadOnlyList<IPNetwork> Exempt)
{
    public static LoginThrottleSettings Default { get; } = new(5, 20, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5), []);
}
