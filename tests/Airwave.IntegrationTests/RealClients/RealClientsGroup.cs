namespace Airwave.IntegrationTests.RealClients;

/// <summary>The real clients share one node, one source and one Icecast relay; they run one after another.</summary>
[CollectionDefinition("real clients")]
public sealed class RealClientsGroup : ICollectionFixture<RealClientNode>;
