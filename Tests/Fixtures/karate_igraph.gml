Creator "igraph version 1.0.0 Thu Nov 26 23:05:46 2026"
Version 1
graph
[
  directed 0
  name "Zachary's Karate Club"
  node
  [
    id 0
    name "0"
    club "Mr. Hi"
  ]
  node
  [
    id 1
    name "1"
    club "Mr. Hi"
  ]
  node
  [
    id 2
    name "2"
    club "Mr. Hi"
  ]
  node
  [
    id 3
    name "3"
    club "Mr. Hi"
  ]
  node
  [
    id 4
    name "4"
    club "Mr. Hi"
  ]
  node
  [
    id 5
    name "5"
    club "Mr. Hi"
  ]
  node
  [
    id 6
    name "6"
    club "Mr. Hi"
  ]
  node
  [
    id 7
    name "7"
    club "Mr. Hi"
  ]
  node
  [
    id 8
    name "8"
    club "Mr. Hi"
  ]
  node
  [
    id 9
    name "9"
    club "Officer"
  ]
  node
  [
    id 10
    name "10"
    club "Mr. Hi"
  ]
  node
  [
    id 11
    name "11"
    club "Mr. Hi"
  ]
  node
  [
    id 12
    name "12"
    club "Mr. Hi"
  ]
  node
  [
    id 13
    name "13"
    club "Mr. Hi"
  ]
  node
  [
    id 14
    name "14"
    club "Officer"
  ]
  node
  [
    id 15
    name "15"
    club "Officer"
  ]
  node
  [
    id 16
    name "16"
    club "Mr. Hi"
  ]
  node
  [
    id 17
    name "17"
    club "Mr. Hi"
  ]
  node
  [
    id 18
    name "18"
    club "Officer"
  ]
  node
  [
    id 19
    name "19"
    club "Mr. Hi"
  ]
  node
  [
    id 20
    name "20"
    club "Officer"
  ]
  node
  [
    id 21
    name "21"
    club "Mr. Hi"
  ]
  node
  [
    id 22
    name "22"
    club "Officer"
  ]
  node
  [
    id 23
    name "23"
    club "Officer"
  ]
  node
  [
    id 24
    name "24"
    club "Officer"
  ]
  node
  [
    id 25
    name "25"
    club "Officer"
  ]
  node
  [
    id 26
    name "26"
    club "Officer"
  ]
  node
  [
    id 27
    name "27"
    club "Officer"
  ]
  node
  [
    id 28
    name "28"
    club "Officer"
  ]
  node
  [
    id 29
    name "29"
    club "Officer"
  ]
  node
  [
    id 30
    name "30"
    club "Officer"
  ]
  node
  [
    id 31
    name "31"
    club "Officer"
  ]
  node
  [
    id 32
    name "32"
    club "Officer"
  ]
  node
  [
    id 33
    name "33"
    club "Officer"
  ]
  edge
  [
    source 1
    target 0
    weight 4
  ]
  edge
  [
    source 2
    target 0
    weight 5
  ]
  edge
  [
    source 3
    target 0
    weight 3
  ]
  edge
  [
    source 4
    target 0
    weight 3
  ]
  edge
  [
    source 5
    target 0
    weight 3
  ]
  edge
  [
    source 6
    target 0
    weight 3
  ]
  edge
  [
    source 7
    target 0
    weight 2
  ]
  edge
  [
    source 8
    target 0
    weight 2
  ]
  edge
  [
    source 10
    target 0
    weight 2
  ]
  edge
  [
    source 11
    target 0
    weight 3
  ]
  edge
  [
    source 12
    target 0
    weight 1
  ]
  edge
  [
    source 13
    target 0
    weight 3
  ]
  edge
  [
    source 17
    target 0
    weight 2
  ]
  edge
  [
    source 19
    target 0
    weight 2
  ]
  edge
  [
    source 21
    target 0
    weight 2
  ]
  edge
  [
    source 31
    target 0
    weight 2
  ]
  edge
  [
    source 2
    target 1
    weight 6
  ]
  edge
  [
    source 3
    target 1
    weight 3
  ]
  edge
  [
    source 7
    target 1
    weight 4
  ]
  edge
  [
    source 13
    target 1
    weight 5
  ]
  edge
  [
    source 17
    target 1
    weight 1
  ]
  edge
  [
    source 19
    target 1
    weight 2
  ]
  edge
  [
    source 21
    target 1
    weight 2
  ]
  edge
  [
    source 30
    target 1
    weight 2
  ]
  edge
  [
    source 3
    target 2
    weight 3
  ]
  edge
  [
    source 7
    target 2
    weight 4
  ]
  edge
  [
    source 8
    target 2
    weight 5
  ]
  edge
  [
    source 9
    target 2
    weight 1
  ]
  edge
  [
    source 13
    target 2
    weight 3
  ]
  edge
  [
    source 27
    target 2
    weight 2
  ]
  edge
  [
    source 28
    target 2
    weight 2
  ]
  edge
  [
    source 32
    target 2
    weight 2
  ]
  edge
  [
    source 7
    target 3
    weight 3
  ]
  edge
  [
    source 12
    target 3
    weight 3
  ]
  edge
  [
    source 13
    target 3
    weight 3
  ]
  edge
  [
    source 6
    target 4
    weight 2
  ]
  edge
  [
    source 10
    target 4
    weight 3
  ]
  edge
  [
    source 6
    target 5
    weight 5
  ]
  edge
  [
    source 10
    target 5
    weight 3
  ]
  edge
  [
    source 16
    target 5
    weight 3
  ]
  edge
  [
    source 16
    target 6
    weight 3
  ]
  edge
  [
    source 30
    target 8
    weight 3
  ]
  edge
  [
    source 32
    target 8
    weight 3
  ]
  edge
  [
    source 33
    target 8
    weight 4
  ]
  edge
  [
    source 33
    target 9
    weight 2
  ]
  edge
  [
    source 33
    target 13
    weight 3
  ]
  edge
  [
    source 32
    target 14
    weight 3
  ]
  edge
  [
    source 33
    target 14
    weight 2
  ]
  edge
  [
    source 32
    target 15
    weight 3
  ]
  edge
  [
    source 33
    target 15
    weight 4
  ]
  edge
  [
    source 32
    target 18
    weight 1
  ]
  edge
  [
    source 33
    target 18
    weight 2
  ]
  edge
  [
    source 33
    target 19
    weight 1
  ]
  edge
  [
    source 32
    target 20
    weight 3
  ]
  edge
  [
    source 33
    target 20
    weight 1
  ]
  edge
  [
    source 32
    target 22
    weight 2
  ]
  edge
  [
    source 33
    target 22
    weight 3
  ]
  edge
  [
    source 25
    target 23
    weight 5
  ]
  edge
  [
    source 27
    target 23
    weight 4
  ]
  edge
  [
    source 29
    target 23
    weight 3
  ]
  edge
  [
    source 32
    target 23
    weight 5
  ]
  edge
  [
    source 33
    target 23
    weight 4
  ]
  edge
  [
    source 25
    target 24
    weight 2
  ]
  edge
  [
    source 27
    target 24
    weight 3
  ]
  edge
  [
    source 31
    target 24
    weight 2
  ]
  edge
  [
    source 31
    target 25
    weight 7
  ]
  edge
  [
    source 29
    target 26
    weight 4
  ]
  edge
  [
    source 33
    target 26
    weight 2
  ]
  edge
  [
    source 33
    target 27
    weight 4
  ]
  edge
  [
    source 31
    target 28
    weight 2
  ]
  edge
  [
    source 33
    target 28
    weight 2
  ]
  edge
  [
    source 32
    target 29
    weight 4
  ]
  edge
  [
    source 33
    target 29
    weight 2
  ]
  edge
  [
    source 32
    target 30
    weight 3
  ]
  edge
  [
    source 33
    target 30
    weight 3
  ]
  edge
  [
    source 32
    target 31
    weight 4
  ]
  edge
  [
    source 33
    target 31
    weight 4
  ]
  edge
  [
    source 33
    target 32
    weight 5
  ]
]
