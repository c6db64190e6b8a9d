using Revalidation.Store.Tests.Contract;

namespace Revalidation.Store.Tests.Sqlite;

// The store contracts against the embedded SQLite adapter, on a real file (one per test class).

public sealed class SqliteDoctorStoreContractTests(SqliteDatabaseFixture database)
    : DoctorStoreContractTests(SqliteStoreSources.Plain(database)), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqliteDesignatedBodyStoreContractTests(SqliteDatabaseFixture database)
    : DesignatedBodyStoreContractTests(SqliteStoreSources.Plain(database)), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqliteAuditLogContractTests(SqliteDatabaseFixture database)
    : AuditLogContractTests(SqliteStoreSources.Plain(database)), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqliteAlertOutboxContractTests(SqliteDatabaseFixture database)
    : AlertOutboxContractTests(SqliteStoreSources.Plain(database), new SqliteFirstReleaseAlerts(database)), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqliteLeaseStoreContractTests(SqliteDatabaseFixture database)
    : LeaseStoreContractTests(SqliteStoreSources.Plain(database)), IClassFixture<SqliteDatabaseFixture>;

public sealed class SqliteDocumentUpgradeContractTests(SqliteDatabaseFixture database)
    : DocumentUpgradeContractTests(SqliteStoreSources.Plain(database)), IClassFixture<SqliteDatabaseFixture>;
