graph [
 directed 0
 node [ id 0 label "a" graphics [ x 1.0 y 2 ] ]
 node [ id 1 ]
 edge [ source 0 target 1 weight 3 ]
]
