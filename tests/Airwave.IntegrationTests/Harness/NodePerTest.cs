namespace Airwave.IntegrationTests.Harness;

/// <summary>
/// Base of tests that each need a node of their own because they stop, kill, restart or lock it: the node starts before
/// every test, and its whole log goes to the test's output afterwards (the runner shows it for failures).
/// </summary>
public abstract class NodePerTest(ITestOutputHelper output) : IAsyncLifetime
{
    private NodeProcess? node;

    /// <summary>The test's output.</summary>
    protected ITestOutputHelper Output { get; } = output;

    private protected NodeProcess Node => node ?? throw new InvalidOperationException("the node has not started");

    /// <summary>How each test's node is started.</summary>
    private protected abstract NodeOptions Options { get; }

    public virtual async Task InitializeAsync() => node = await NodeProcess.StartAsync(Options);

    public virtual async Task DisposeAsync()
    {
        if (node is not null)
        {
            Output.WriteLine(node.Log.Text);
            await node.DisposeAsync();
        }
    }
}
