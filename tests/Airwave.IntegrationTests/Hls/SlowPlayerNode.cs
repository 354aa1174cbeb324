using Airwave.IntegrationTests.Harness;

namespace Airwave.IntegrationTests.Hls;

/// <summary>A node pulling the 430 kbit/s transport stream fixture into <c>/tv</c>, cut into 10-second segments of about 530 KB.</summary>
public sealed class SlowPlayerNode() : PulledVideoNode("hls.segment-duration = 10s");
