using Revalidation.Store.Tests.Contract;

namespace Revalidation.Store.Tests.Sqlite;

// The store contracts again, with the summary cache on (as the local Server runs it): every store instance keeps
// summaries between reads, and must still see every write, its own and other instances' (ADR 0008).

public sealed class SqliteCachedDoctorStoreContractTests(SqliteDatabaseFixture database)
    : DoctorStoreContractTests(SqliteStoreSources.Cached(database)), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqliteCachedDesignatedBodyStoreContractTests(SqliteDatabaseFixture database)
    : DesignatedBodyStoreContractTests(SqliteStoreSources.Cached(database)), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqliteCachedAuditLogContractTests(SqliteDatabaseFixture database)
    : AuditLogContractTests(SqliteStoreSources.Cached(database)), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqliteCachedAlertOutboxContractTests(SqliteDatabaseFixture database)
    : AlertOutboxContractTests(SqliteStoreSources.Cached(database), new SqliteFirstReleaseAlerts(database)), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqliteCachedLeaseStoreContractTests(SqliteDatabaseFixture database)
    : LeaseStoreContractTests(SqliteStoreSources.Cached(database)), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqliteCachedDocumentUpgradeContractTests(SqliteDatabaseFixture database)
    : DocumentUpgradeContractTests(SqliteStoreSources.Cached(database)), IClassFixture<SqliteDatabaseFixture>;
