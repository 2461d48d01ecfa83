package dev.tributary.records;

class InMemoryRecordStoreTest extends RecordStoreContract {
    @Override
    protected RecordStore open(String endpoint, int priority) {
        return new InMemoryRecordStore(endpoint, priority);
    }
}
