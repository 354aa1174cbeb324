using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Listeners;

/// <summary>The standalone default: <c>/demo</c> loops the shipped chime, sessions with the reference settings.</summary>
public sealed class SessionNode() : NodeFixture(new NodeOptions { Config = null });
