//! Each process is one instance, named so that its leases can be told apart.
