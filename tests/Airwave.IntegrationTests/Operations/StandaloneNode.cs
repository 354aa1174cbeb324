using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Operations;

/// <summary>A node started with no <c>--config</c>: the shipped standalone default, data under <c>./data</c> of a temp working directory.</summary>
public sealed class StandaloneNode() : NodeFixture(new NodeOptions { Config = null });
