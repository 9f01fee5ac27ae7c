//! Deployment strategies on a simulated fleet (being written).
