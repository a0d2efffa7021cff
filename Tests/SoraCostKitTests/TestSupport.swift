// Every file of this target sees the shared test support (LoopbackServer, TemporaryDirectory,
// Sample, Counter, LockedList) without importing it one by one.
@_exported import SoraCostTestSupport
