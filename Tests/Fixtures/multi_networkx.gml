graph [
  multigraph 1
  node [
    id 0
    label "x"
  ]
  node [
    id 1
    label "y"
  ]
  node [
    id 2
    label "z"
  ]
  edge [
    source 0
    target 1
    key 0
    weight 1.0
  ]
  edge [
    source 0
    target 1
    key 1
    weight 2.5
  ]
  edge [
    source 1
    target 2
    key 0
    weight 4.0
  ]
]
