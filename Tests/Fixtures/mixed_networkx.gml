graph [
  directed 1
  name "mixed &#38; <typed>"
  node [
    id 0
    label "alpha"
    size 3
    score 0.5
    core 1
    note "plain"
  ]
  node [
    id 1
    label "b&#38;c"
    size -7
    score 0.001
    core 0
    note "say &#34;hi&#34; <now>"
  ]
  node [
    id 2
    label "&#252;n&#239;"
    size 0
    score 2.25
    core 1
    note "na&#239;ve &#8212; &#9731;"
  ]
  node [
    id 3
    label "lonely"
    size 1
    score 0.0
    core 0
    note ""
  ]
  node [
    id 4
    label "d"
    size 12
    score -4.5
    core 1
    note "tab&#9;here"
  ]
  edge [
    source 0
    target 1
    weight 1.5
    kind "road"
  ]
  edge [
    source 1
    target 0
    weight 2.0
    kind "rail"
  ]
  edge [
    source 1
    target 2
    weight 0.25
    kind "air"
  ]
  edge [
    source 2
    target 2
    weight 3.0
    kind "loop"
  ]
  edge [
    source 4
    target 0
    weight 10.0
    kind "sea"
  ]
]
