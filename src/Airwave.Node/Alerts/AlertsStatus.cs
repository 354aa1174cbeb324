namespace Airwave.Node.Alerts;

/// <summary>What <c>GET /api/alerts</c> answers: the alerts firing now (oldest first) and the last resolved ones (newest first).</summary>
internal sealed record AlertsStatus(IReadOnlyList<AlertNotice> Active, IReadOnlyList<AlertNotice> Recent)
{
    public static AlertsStatus Empty { get; } = new([], []);
}
