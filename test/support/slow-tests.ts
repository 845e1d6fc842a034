// Integration and e2e tests wait on real brokers and databases.
jest.setTimeout(120_000);
