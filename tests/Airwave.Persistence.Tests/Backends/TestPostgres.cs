namespace Airwave.Persistence.Tests.Backends;

/// <summary>The PostgreSQL server the test script starts; tests fail loudly when it is not configured.</summary>
public static class TestPostgres
{
    public const string Variable = "AIRWAVE_TEST_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: the PostgreSQL persistence tests need a server. Run ./test.sh, which starts one " +
                $"and sets {Variable}, or export {Variable}='Host=...;Port=...;Username=...;Database=...' yourself.");

    public static string NewSchemaName() => $"t_{Guid.NewGuid():N}";
}
