namespace Airwave.IntegrationTests.Harness;

/// <summary>Base of tests against a running node: writes what the node logged during the test to the test output, which the runner shows for failures.</summary>
public abstract class NodeTest : IDisposable
{
    private readonly ITestOutputHelper output;
    private readonly Func<NodeProcess?> node;
    private readonly int mark;

    private protected NodeTest(Func<NodeProcess?> node, ITestOutputHelper output)
    {
        this.node = node;
        this.output = output;
        mark = node()?.Log.Mark ?? 0;
    }

    /// <summary>The test's output, shown with a failure.</summary>
    private protected ITestOutputHelper Output => output;

    public void Dispose()
    {
        if (node() is { } running)
        {
            output.WriteLine($"node log during this test (http {running.HttpPort}, admin {running.AdminPort}):");
            output.WriteLine(running.Log.Since(mark));
        }

        GC.SuppressFinalize(this);
    }
}
