namespace Airwave.IntegrationTests.Pulling;

/// <summary>The pull tests share one node with every kind of upstream (starting Icecast and a node per class would cost more than the tests).</summary>
[CollectionDefinition("pulled channels")]
public sealed class PulledChannelsGroup : ICollectionFixture<PullNode>;
