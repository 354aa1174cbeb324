namespace Airwave.IntegrationTests.Harness;

/// <summary>Waits for a condition by polling, so tests assert behaviour without betting on timings.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Probes until <paramref name="done"/> holds and returns that value; throws with the last value and <paramref name="context"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, Func<string>? context = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(Interval);
        }

        throw new TimeoutException($"waited {timeout.TotalSeconds:0}s for {what}; last value: {last}\n{context?.Invoke()}");
    }
}
