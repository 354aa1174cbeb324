using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Hls;

/// <summary>The shipped standalone node, whose looping <c>/demo</c> channel the browser plays.</summary>
public sealed class BrowserNode() : NodeFixture(new NodeOptions { Config = null });
