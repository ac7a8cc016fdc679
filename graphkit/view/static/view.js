(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("graphkit-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("graph");
  var state = {
    nodes: nodes,
    edges: edges,
    expectedNodes: data.nodes.length,
    expectedEdges: data.edges.length,
    ready: false,
    stableMs: null
  };
  window.graphkit = state;
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  state.network = network;
  network.once("afterDrawing", function () {
    network.fit({ animation: false });
    state.stableMs = performance.now() - started;
    state.ready = true;
    document.body.setAttribute("data-ready", "true");
  });
})();
