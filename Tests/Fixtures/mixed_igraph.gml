Creator "igraph version 1.0.0 Thu Nov 26 23:05:46 2026"
Version 1
graph
[
  directed 1
  name "mixed &amp; <typed>"
  node
  [
    id 0
    name "alpha"
    core 1
    note "plain"
    score 0.5
    size 3
  ]
  node
  [
    id 1
    name "b&amp;c"
    core 0
    note "say &quot;hi&quot; <now>"
    score 0.001
    size -7
  ]
  node
  [
    id 2
    name "ünï"
    core 1
    note "naïve — ☃"
    score 2.25
    size 0
  ]
  node
  [
    id 3
    name "lonely"
    core 0
    note ""
    score 0
    size 1
  ]
  node
  [
    id 4
    name "d"
    core 1
    note "tab	here"
    score -4.5
    size 12
  ]
  edge
  [
    source 0
    target 1
    kind "road"
    weight 1.5
  ]
  edge
  [
    source 1
    target 0
    kind "rail"
    weight 2
  ]
  edge
  [
    source 1
    target 2
    kind "air"
    weight 0.25
  ]
  edge
  [
    source 2
    target 2
    kind "loop"
    weight 3
  ]
  edge
  [
    source 4
    target 0
    kind "sea"
    weight 10
  ]
]
