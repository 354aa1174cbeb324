namespace Airwave.Persistence;

/// <summary>Which events of one persistence id a query returns: sequence numbers in [From, To], at most Max.</summary>
public sealed record EventsByPersistenceIdQuery(
    string PersistenceId,
    long FromSequenceNr = 1,
    long ToSequenceNr = long.MaxValue,
    long Max = long.MaxValue);
