using Airwave.Actors;
using Xunit;

namespace Airwave.TestKit;

/// <summary>A test base class that gives each test its own <see cref="ActorSystem"/> and terminates it afterwards.</summary>
public abstract class ActorTestKit : IAsyncLifetime
{
    protected ActorTestKit(ActorSystemOptions? options = null)
    {
        System = new ActorSystem(GetType().Name, options);
    }

    /// <summary>The system of the current test.</summary>
    protected ActorSystem System { get; }

    /// <summary>A new probe in this test's system.</summary>
    protected TestProbe CreateProbe(string? name = null) => new(System, name);

    /// <inheritdoc/>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual Task DisposeAsync() => System.TerminateAsync().WaitAsync(TimeSpan.FromSeconds(10));
}
