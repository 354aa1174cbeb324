namespace Airwave.IntegrationTests.Harness;

/// <summary>A status line, headers and (short) body as a raw socket client read them.</summary>
internal sealed record IcecastResponse(int Status, string Head, string Body)
{
    public override string ToString() => $"{Head}\n\n{Body}";
}
