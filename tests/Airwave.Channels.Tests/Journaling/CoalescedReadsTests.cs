using Airwave.Channels.Journaling;
using Xunit;

namespace Airwave.Channels.Tests.Journaling;

/// <summary>
/// Reads that share statements: a lone read goes out at once, the reads asked for while it is in flight go out together
/// in the next statement (at most the batch size each), a key asked twice while waiting is read once, and a statement
/// that fails fails only its own reads.
/// </summary>
public sealed class CoalescedReadsTests
{
    private readonly List<(string[] Keys, TaskCompletionSource<IReadOnlyDictionary<string, string>> Answer)> statements = [];
    private readonly Lock gate = new();

    [Fact]
    public async Task Reads_asked_for_while_one_is_in_flight_go_out_together_in_the_next_statement_a_batch_at_most()
    {
        var reads = new CoalescedReads<string>(ReadManyAsync, maxBatch: 3);

        var first = reads.ReadAsync("a");
        Assert.Equal(["a"], Statement(0).Keys);
        var waiting = new[] { "b", "c", "d", "e" }.Select(reads.ReadAsync).ToList();
        var again = reads.ReadAsync("c");
        Assert.Single(Statements());

        Statement(0).Answer.SetResult(new Dictionary<string, string> { ["a"] = "A" });
        Assert.Equal("A", await first);
        await WaitForStatementsAsync(2);
        Assert.Equal(["b", "c", "d"], Statement(1).Keys);
        Statement(1).Answer.SetResult(new Dictionary<string, string> { ["b"] = "B", ["c"] = "C" });
        await WaitForStatementsAsync(3);
        Assert.Equal(["e"], Statement(2).Keys);
        Statement(2).Answer.SetResult(new Dictionary<string, string> { ["e"] = "E" });

        Assert.Equal(new string?[] { "B", "C", null, "E" }, await Task.WhenAll(waiting));
        Assert.Equal("C", await again);
        Assert.Equal(3, Statements().Count);
    }

    [Fact]
    public async Task A_failed_statement_fails_its_own_reads_and_the_next_statement_goes_out()
    {
        var reads = new CoalescedReads<string>(ReadManyAsync, maxBatch: 10);
        var first = reads.ReadAsync("a");
        var second = reads.ReadAsync("b");

        Statement(0).Answer.SetException(new TimeoutException("the database hangs"));
        Assert.Equal("the database hangs", (await Assert.ThrowsAsync<TimeoutException>(() => first)).Message);
        await WaitForStatementsAsync(2);
        Statement(1).Answer.SetResult(new Dictionary<string, string> { ["b"] = "B" });
        Assert.Equal("B", await second);

        // The reads go on after a failure: a later one is a statement of its own.
        var third = reads.ReadAsync("c");
        await WaitForStatementsAsync(3);
        Assert.Equal(["c"], Statement(2).Keys);
        Statement(2).Answer.SetResult(new Dictionary<string, string>());
        Assert.Null(await third);
    }

    private Task<IReadOnlyDictionary<string, string>> ReadManyAsync(IReadOnlyList<string> keys)
    {
        var answer = new TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            statements.Add(([.. keys], answer));
        }

        return answer.Task;
    }

    private List<(string[] Keys, TaskCompletionSource<IReadOnlyDictionary<string, string>> Answer)> Statements()
    {
        lock (gate)
        {
            return [.. statements];
        }
    }

    private (string[] Keys, TaskCompletionSource<IReadOnlyDictionary<string, string>> Answer) Statement(int index) => Statements()[index];

    /// <summary>The next statement goes out on the thread that completed the last one's reads, a moment after.</summary>
    private async Task WaitForStatementsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Statements().Count < count)
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
