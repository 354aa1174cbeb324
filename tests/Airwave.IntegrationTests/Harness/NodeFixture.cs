namespace Airwave.IntegrationTests.Harness;

/// <summary>A node shared by the tests of one class (xunit class fixture); each subclass says how it is configured.</summary>
public abstract class NodeFixture : IAsyncLifetime
{
    private readonly NodeOptions options;
    private NodeProcess? node;

    private protected NodeFixture(NodeOptions options) => this.options = options;

    internal NodeProcess Node => node ?? throw new InvalidOperationException("the node has not started");

    public virtual async Task InitializeAsync() => node = await NodeProcess.StartAsync(options);

    public virtual async Task DisposeAsync()
    {
        if (node is not null)
        {
            await node.DisposeAsync();
        }
    }
}
