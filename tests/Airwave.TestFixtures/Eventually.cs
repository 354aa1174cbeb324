using Xunit.Sdk;

namespace Airwave.TestFixtures;

/// <summary>Polls an assertion about state that settles by itself (a buffer filled by a running source, a session's byte count); actor tests use Akka.TestKit's <c>AwaitAssertAsync</c> instead.</summary>
public static class Eventually
{
    /// <summary>Retries <paramref name="assertion"/> every 20 ms until it passes or <paramref name="duration"/> runs out, then throws its last failure.</summary>
    public static async Task AssertAsync(Action assertion, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var deadline = DateTimeOffset.UtcNow + duration;
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (XunitException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Retries the asynchronous <paramref name="assertion"/> every 20 ms until it passes or <paramref name="duration"/> runs out, then throws its last failure.</summary>
    public static async Task AssertAsync(Func<Task> assertion, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var deadline = DateTimeOffset.UtcNow + duration;
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (XunitException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
            }
        }
    }
}
