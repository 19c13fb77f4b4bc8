//! An EV-charging fleet as a typed graph: user groups, customers, charge cards, charge points,
//! locations, charge groups, tariffs and parameter sets, and the links between them.
