namespace Airwave.Streaming.Access;

/// <summary>What a listener token check found.</summary>
public enum ListenerTokenVerdict
{
    Valid,

    /// <summary>The channel has no <c>token-secret</c>, so no token can be valid for it.</summary>
    NotOffered,

    /// <summary>The request carries no token.</summary>
    Missing,

    Malformed,

    /// <summary>Signed with another secret, for another channel or client, or tampered with.</summary>
    Forged,

    Expired,
}

/// <summary>A listener token check: the verdict and, unless valid, the reason a 403 gives.</summary>
public readonly record struct ListenerTokenCheck(ListenerTokenVerdict Verdict, string Reason)
{
    public bool IsValid => Verdict == ListenerTokenVerdict.Valid;
}
