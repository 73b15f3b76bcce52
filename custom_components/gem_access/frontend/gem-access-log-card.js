var e=globalThis,t=e.ShadowRoot&&(e.ShadyCSS===void 0||e.ShadyCSS.nativeShadow)&&`adoptedStyleSheets`in Document.prototype&&`replace`in CSSStyleSheet.prototype,n=Symbol(),r=/* @__PURE__ */ new WeakMap,i=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==n)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,n=this.t;if(t&&e===void 0){let t=n!==void 0&&n.length===1;t&&(e=r.get(n)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),t&&r.set(n,e))}return e}toString(){return this.cssText}},a=e=>new i(typeof e==`string`?e:e+``,void 0,n),o=(e,...t)=>new i(e.length===1?e[0]:t.reduce((t,n,r)=>t+(e=>{if(!0===e._$cssResult$)return e.cssText;if(typeof e==`number`)return e;throw Error(`Value passed to 'css' function must be a 'css' function result: `+e+`. Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.`)})(n)+e[r+1],e[0]),e,n),s=(n,r)=>{if(t)n.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let t of r){let r=document.createElement(`style`),i=e.litNonce;i!==void 0&&r.setAttribute(`nonce`,i),r.textContent=t.cssText,n.appendChild(r)}},c=t?e=>e:e=>e instanceof CSSStyleSheet?(e=>{let t=``;for(let n of e.cssRules)t+=n.cssText;return a(t)})(e):e,{is:l,defineProperty:u,getOwnPropertyDescriptor:d,getOwnPropertyNames:ee,getOwnPropertySymbols:te,getPrototypeOf:ne}=Object,f=globalThis,p=f.trustedTypes,re=p?p.emptyScript:``,ie=f.reactiveElementPolyfillSupport,m=(e,t)=>e,h={toAttribute(e,t){switch(t){case Boolean:e=e?re:null;break;case Object:case Array:e=e==null?e:JSON.stringify(e)}return e},fromAttribute(e,t){let n=e;switch(t){case Boolean:n=e!==null;break;case Number:n=e===null?null:Number(e);break;case Object:case Array:try{n=JSON.parse(e)}catch{n=null}}return n}},g=(e,t)=>!l(e,t),_={attribute:!0,type:String,converter:h,reflect:!1,useDefault:!1,hasChanged:g};Symbol.metadata??=Symbol(`metadata`),f.litPropertyMetadata??=/* @__PURE__ */ new WeakMap;var v=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=_){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),r=this.getPropertyDescriptor(e,n,t);r!==void 0&&u(this.prototype,e,r)}}static getPropertyDescriptor(e,t,n){let{get:r,set:i}=d(this.prototype,e)??{get(){return this[t]},set(e){this[t]=e}};return{get:r,set(t){let a=r?.call(this);i?.call(this,t),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??_}static _$Ei(){if(this.hasOwnProperty(m(`elementProperties`)))return;let e=ne(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(m(`finalized`)))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(m(`properties`))){let e=this.properties,t=[...ee(e),...te(e)];for(let n of t)this.createProperty(n,e[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[e,n]of t)this.elementProperties.set(e,n)}this._$Eh=/* @__PURE__ */ new Map;for(let[e,t]of this.elementProperties){let n=this._$Eu(e,t);n!==void 0&&this._$Eh.set(n,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let e of n)t.unshift(c(e))}else e!==void 0&&t.push(c(e));return t}static _$Eu(e,t){let n=t.attribute;return!1===n?void 0:typeof n==`string`?n:typeof e==`string`?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=/* @__PURE__ */ new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=/* @__PURE__ */ new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=/* @__PURE__ */ new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return s(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),r=this.constructor._$Eu(e,n);if(r!==void 0&&!0===n.reflect){let i=(n.converter?.toAttribute===void 0?h:n.converter).toAttribute(t,n.type);this._$Em=e,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(e,t){let n=this.constructor,r=n._$Eh.get(e);if(r!==void 0&&this._$Em!==r){let e=n.getPropertyOptions(r),i=typeof e.converter==`function`?{fromAttribute:e.converter}:e.converter?.fromAttribute===void 0?h:e.converter;this._$Em=r;let a=i.fromAttribute(t,e.type);this[r]=a??this._$Ej?.get(r)??a,this._$Em=null}}requestUpdate(e,t,n,r=!1,i){if(e!==void 0){let a=this.constructor;if(!1===r&&(i=this[e]),n??=a.getPropertyOptions(e),!((n.hasChanged??g)(i,t)||n.useDefault&&n.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(a._$Eu(e,n))))return;this.C(e,t,n)}!1===this.isUpdatePending&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:r,wrapped:i},a){n&&!(this._$Ej??=/* @__PURE__ */ new Map).has(e)&&(this._$Ej.set(e,a??t??this[e]),!0!==i||a!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),!0===r&&this._$Em!==e&&(this._$Eq??=/* @__PURE__ */ new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[e,t]of this._$Ep)this[e]=t;this._$Ep=void 0}let e=this.constructor.elementProperties;if(e.size>0)for(let[t,n]of e){let{wrapped:e}=n,r=this[t];!0!==e||this._$AL.has(t)||r===void 0||this.C(t,void 0,n,r)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(e=>e.hostUpdate?.()),this.update(t)):this._$EM()}catch(t){throw e=!1,this._$EM(),t}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=/* @__PURE__ */ new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(e){}firstUpdated(e){}};v.elementStyles=[],v.shadowRootOptions={mode:`open`},v[m(`elementProperties`)]=/* @__PURE__ */ new Map,v[m(`finalized`)]=/* @__PURE__ */ new Map,ie?.({ReactiveElement:v}),(f.reactiveElementVersions??=[]).push(`2.1.2`);var y=globalThis,ae=e=>e,b=y.trustedTypes,x=b?b.createPolicy(`lit-html`,{createHTML:e=>e}):void 0,S=`$lit$`,C=`lit$${Math.random().toFixed(9).slice(2)}$`,w=`?`+C,oe=`<${w}>`,T=document,E=()=>T.createComment(``),D=e=>e===null||typeof e!=`object`&&typeof e!=`function`,O=Array.isArray,se=e=>O(e)||typeof e?.[Symbol.iterator]==`function`,k=`[ 	
\f\r]`,A=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,ce=/-->/g,le=/>/g,j=RegExp(`>|${k}(?:([^\\s"'>=/]+)(${k}*=${k}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`,`g`),ue=/'/g,de=/"/g,M=/^(?:script|style|textarea|title)$/i,N=(e=>(t,...n)=>({_$litType$:e,strings:t,values:n}))(1),P=Symbol.for(`lit-noChange`),F=Symbol.for(`lit-nothing`),I=/* @__PURE__ */ new WeakMap,L=T.createTreeWalker(T,129);function R(e,t){if(!O(e)||!e.hasOwnProperty(`raw`))throw Error(`invalid template strings array`);return x===void 0?t:x.createHTML(t)}var fe=(e,t)=>{let n=e.length-1,r=[],i,a=t===2?`<svg>`:t===3?`<math>`:``,o=A;for(let t=0;t<n;t++){let n=e[t],s,c,l=-1,u=0;for(;u<n.length&&(o.lastIndex=u,c=o.exec(n),c!==null);)u=o.lastIndex,o===A?c[1]===`!--`?o=ce:c[1]===void 0?c[2]===void 0?c[3]!==void 0&&(o=j):(M.test(c[2])&&(i=RegExp(`</`+c[2],`g`)),o=j):o=le:o===j?c[0]===`>`?(o=i??A,l=-1):c[1]===void 0?l=-2:(l=o.lastIndex-c[2].length,s=c[1],o=c[3]===void 0?j:c[3]===`"`?de:ue):o===de||o===ue?o=j:o===ce||o===le?o=A:(o=j,i=void 0);let d=o===j&&e[t+1].startsWith(`/>`)?` `:``;a+=o===A?n+oe:l>=0?(r.push(s),n.slice(0,l)+S+n.slice(l)+C+d):n+C+(l===-2?t:d)}return[R(e,a+(e[n]||`<?>`)+(t===2?`</svg>`:t===3?`</math>`:``)),r]},z=class e{constructor({strings:t,_$litType$:n},r){let i;this.parts=[];let a=0,o=0,s=t.length-1,c=this.parts,[l,u]=fe(t,n);if(this.el=e.createElement(l,r),L.currentNode=this.el.content,n===2||n===3){let e=this.el.content.firstChild;e.replaceWith(...e.childNodes)}for(;(i=L.nextNode())!==null&&c.length<s;){if(i.nodeType===1){if(i.hasAttributes())for(let e of i.getAttributeNames())if(e.endsWith(S)){let t=u[o++],n=i.getAttribute(e).split(C),r=/([.?@])?(.*)/.exec(t);c.push({type:1,index:a,name:r[2],strings:n,ctor:r[1]===`.`?me:r[1]===`?`?he:r[1]===`@`?ge:H}),i.removeAttribute(e)}else e.startsWith(C)&&(c.push({type:6,index:a}),i.removeAttribute(e));if(M.test(i.tagName)){let e=i.textContent.split(C),t=e.length-1;if(t>0){i.textContent=b?b.emptyScript:``;for(let n=0;n<t;n++)i.append(e[n],E()),L.nextNode(),c.push({type:2,index:++a});i.append(e[t],E())}}}else if(i.nodeType===8){if(i.data===w)c.push({type:2,index:a});else{let e=-1;for(;(e=i.data.indexOf(C,e+1))!==-1;)c.push({type:7,index:a}),e+=C.length-1}}a++}}static createElement(e,t){let n=T.createElement(`template`);return n.innerHTML=e,n}};function B(e,t,n=e,r){if(t===P)return t;let i=r===void 0?n._$Cl:n._$Co?.[r],a=D(t)?void 0:t._$litDirective$;return i?.constructor!==a&&(i?._$AO?.(!1),a===void 0?i=void 0:(i=new a(e),i._$AT(e,n,r)),r===void 0?n._$Cl=i:(n._$Co??=[])[r]=i),i!==void 0&&(t=B(e,i._$AS(e,t.values),i,r)),t}var pe=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,r=(e?.creationScope??T).importNode(t,!0);L.currentNode=r;let i=L.nextNode(),a=0,o=0,s=n[0];for(;s!==void 0;){if(a===s.index){let t;s.type===2?t=new V(i,i.nextSibling,this,e):s.type===1?t=new s.ctor(i,s.name,s.strings,this,e):s.type===6&&(t=new _e(i,this,e)),this._$AV.push(t),s=n[++o]}a!==s?.index&&(i=L.nextNode(),a++)}return L.currentNode=T,r}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings===void 0?n._$AI(e[t]):(n._$AI(e,n,t),t+=n.strings.length-2)),t++}},V=class e{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,r){this.type=2,this._$AH=F,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=B(this,e,t),D(e)?e===F||e==null||e===``?(this._$AH!==F&&this._$AR(),this._$AH=F):e!==this._$AH&&e!==P&&this._(e):e._$litType$===void 0?e.nodeType===void 0?se(e)?this.k(e):this._(e):this.T(e):this.$(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==F&&D(this._$AH)?this._$AA.nextSibling.data=e:this.T(T.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,r=typeof n==`number`?this._$AC(e):(n.el===void 0&&(n.el=z.createElement(R(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===r)this._$AH.p(t);else{let e=new pe(r,this),n=e.u(this.options);e.p(t),this.T(n),this._$AH=e}}_$AC(e){let t=I.get(e.strings);return t===void 0&&I.set(e.strings,t=new z(e)),t}k(t){O(this._$AH)||(this._$AH=[],this._$AR());let n=this._$AH,r,i=0;for(let a of t)i===n.length?n.push(r=new e(this.O(E()),this.O(E()),this,this.options)):r=n[i],r._$AI(a),i++;i<n.length&&(this._$AR(r&&r._$AB.nextSibling,i),n.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let t=ae(e).nextSibling;ae(e).remove(),e=t}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},H=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,r,i){this.type=1,this._$AH=F,this._$AN=void 0,this.element=e,this.name=t,this._$AM=r,this.options=i,n.length>2||n[0]!==``||n[1]!==``?(this._$AH=Array(n.length-1).fill(/* @__PURE__ */ new String),this.strings=n):this._$AH=F}_$AI(e,t=this,n,r){let i=this.strings,a=!1;if(i===void 0)e=B(this,e,t,0),a=!D(e)||e!==this._$AH&&e!==P,a&&(this._$AH=e);else{let r=e,o,s;for(e=i[0],o=0;o<i.length-1;o++)s=B(this,r[n+o],t,o),s===P&&(s=this._$AH[o]),a||=!D(s)||s!==this._$AH[o],s===F?e=F:e!==F&&(e+=(s??``)+i[o+1]),this._$AH[o]=s}a&&!r&&this.j(e)}j(e){e===F?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??``)}},me=class extends H{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===F?void 0:e}},he=class extends H{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==F)}},ge=class extends H{constructor(e,t,n,r,i){super(e,t,n,r,i),this.type=5}_$AI(e,t=this){if((e=B(this,e,t,0)??F)===P)return;let n=this._$AH,r=e===F&&n!==F||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,i=e!==F&&(n===F||r);r&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH==`function`?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},_e=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){B(this,e)}},ve=y.litHtmlPolyfillSupport;ve?.(z,V),(y.litHtmlVersions??=[]).push(`3.3.3`);var ye=(e,t,n)=>{let r=n?.renderBefore??t,i=r._$litPart$;if(i===void 0){let e=n?.renderBefore??null;r._$litPart$=i=new V(t.insertBefore(E(),e),e,void 0,n??{})}return i._$AI(e),i},U=globalThis,W=class extends v{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=ye(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return P}};W._$litElement$=!0,W.finalized=!0,U.litElementHydrateSupport?.({LitElement:W});var be=U.litElementPolyfillSupport;be?.({LitElement:W}),(U.litElementVersions??=[]).push(`4.2.2`);var xe={attribute:!0,type:String,converter:h,reflect:!1,hasChanged:g},Se=(e=xe,t,n)=>{let{kind:r,metadata:i}=n,a=globalThis.litPropertyMetadata.get(i);if(a===void 0&&globalThis.litPropertyMetadata.set(i,a=/* @__PURE__ */ new Map),r===`setter`&&((e=Object.create(e)).wrapped=!0),a.set(n.name,e),r===`accessor`){let{name:r}=n;return{set(n){let i=t.get.call(this);t.set.call(this,n),this.requestUpdate(r,i,e,!0,n)},init(t){return t!==void 0&&this.C(r,void 0,e,t),t}}}if(r===`setter`){let{name:r}=n;return function(n){let i=this[r];t.call(this,n),this.requestUpdate(r,i,e,!0,n)}}throw Error(`Unsupported decorator location: `+r)};function G(e){return(t,n)=>typeof n==`object`?Se(e,t,n):((e,t,n)=>{let r=t.hasOwnProperty(n);return t.constructor.createProperty(n,e),r?Object.getOwnPropertyDescriptor(t,n):void 0})(e,t,n)}function K(e){return G({...e,state:!0,attribute:!1})}function q(e,t){customElements.get(e)||customElements.define(e,t)}var Ce=o`
  :host {
    --ga-radius: var(--ha-card-border-radius, 12px);
    --ga-border: var(--divider-color, rgba(127, 127, 127, 0.3));
    --ga-muted: var(--secondary-text-color, #727272);
    --ga-surface: var(--card-background-color, var(--ha-card-background, #fff));
    --ga-success: var(--success-color, #43a047);
    --ga-error: var(--error-color, #db4437);
    --ga-warning: var(--warning-color, #ffa600);
    --ga-orange: var(--orange-color, #ff9800);
    color: var(--primary-text-color);
    font-family: var(--paper-font-body1_-_font-family, var(--ha-font-family-body, Roboto, sans-serif));
  }
  * {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  button,
  .button {
    font: inherit;
    font-size: 14px;
    font-weight: 500;
    border-radius: 8px;
    border: 1px solid var(--ga-border);
    background: var(--ga-surface);
    color: var(--primary-text-color);
    padding: 6px 12px;
    min-height: 36px;
    cursor: pointer;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    text-decoration: none;
  }
  button:hover:not(:disabled) {
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.12));
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 1px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button.primary {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
    border-color: var(--primary-color);
  }
  button.primary:hover:not(:disabled) {
    background: var(--primary-color);
    filter: brightness(1.1);
  }
  button.danger {
    background: var(--ga-error);
    color: #fff;
    border-color: var(--ga-error);
  }
  button.danger:hover:not(:disabled) {
    background: var(--ga-error);
    filter: brightness(1.1);
  }
  button.flat {
    border-color: transparent;
    background: transparent;
  }
  button.toggle[aria-pressed="true"] {
    background: var(--primary-color);
    color: var(--text-primary-color, #fff);
    border-color: var(--primary-color);
  }
  input,
  select,
  textarea {
    font: inherit;
    font-size: 14px;
    color: var(--primary-text-color);
    background: var(--input-fill-color, var(--secondary-background-color, transparent));
    border: 1px solid var(--ga-border);
    border-radius: 8px;
    padding: 6px 8px;
    min-height: 36px;
  }
  input[type="checkbox"] {
    min-height: auto;
    width: 18px;
    height: 18px;
    accent-color: var(--primary-color);
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 12px;
    color: var(--ga-muted);
  }
  label.check {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    font-size: 14px;
    color: var(--primary-text-color);
  }
  .card {
    background: var(--ga-surface);
    border-radius: var(--ga-radius);
    border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--ga-border));
    box-shadow: var(--ha-card-box-shadow, none);
  }
  .muted {
    color: var(--ga-muted);
  }
  .error-text {
    color: var(--ga-error);
    font-size: 13px;
  }
  .banner-error {
    color: var(--ga-error);
    border: 1px solid var(--ga-error);
    border-radius: 8px;
    padding: 8px 12px;
    margin: 8px 0;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 13px;
    font-weight: 500;
    line-height: 20px;
    white-space: nowrap;
  }
  .badge.shape-badge,
  .badge.shape-pill {
    padding: 1px 8px;
    color: #fff;
  }
  .badge.shape-badge {
    border-radius: 6px;
  }
  .badge.shape-pill {
    border-radius: 999px;
  }
  .badge.shape-text.tone-success {
    color: var(--ga-success);
  }
  .badge.shape-text.tone-error {
    color: var(--ga-error);
  }
  .badge.shape-text.tone-warning {
    color: var(--ga-warning);
  }
  .badge.shape-text.tone-orange {
    color: var(--ga-orange);
  }
  .badge.shape-text.tone-neutral {
    color: var(--ga-muted);
  }
  .badge.shape-badge.tone-success,
  .badge.shape-pill.tone-success {
    background: var(--ga-success);
  }
  .badge.shape-badge.tone-error,
  .badge.shape-pill.tone-error {
    background: var(--ga-error);
  }
  .badge.shape-badge.tone-warning,
  .badge.shape-pill.tone-warning {
    background: var(--ga-warning);
    color: #1f1f1f;
  }
  .badge.shape-badge.tone-orange,
  .badge.shape-pill.tone-orange {
    background: var(--ga-orange);
    color: #1f1f1f;
  }
  .badge.shape-badge.tone-neutral,
  .badge.shape-pill.tone-neutral {
    background: transparent;
    color: var(--primary-text-color);
    border: 1px solid var(--ga-border);
  }
  dialog {
    border: none;
    border-radius: var(--ha-dialog-border-radius, 16px);
    background: var(--ga-surface);
    color: var(--primary-text-color);
    padding: 0;
    max-width: min(920px, calc(100vw - 24px));
    width: 100%;
    box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
  }
  /* long forms on a phone: the title and the buttons stay put, the body scrolls */
  dialog[open] {
    display: flex;
    flex-direction: column;
    max-height: calc(100dvh - 24px);
    overflow: hidden;
  }
  dialog .dlg-body {
    flex: 1 1 auto;
    min-height: 0;
    overflow: auto;
  }
  dialog .dlg-head,
  dialog .dlg-actions {
    flex-shrink: 0;
  }
  dialog::backdrop {
    background: rgba(0, 0, 0, 0.5);
  }
  dialog .dlg-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    padding: 16px 20px 8px;
    gap: 8px;
  }
  dialog .dlg-head h2 {
    margin: 0;
    font-size: 20px;
    font-weight: 500;
  }
  dialog .dlg-body {
    padding: 8px 20px 16px;
  }
  dialog .dlg-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    padding: 8px 20px 16px;
    flex-wrap: wrap;
  }
`,we=e=>N`<span class="badge shape-${e.shape} tone-${e.tone}" data-badge=${e.key}>${e.text}</span>`;function Te(e,t,n,r=100){let i={type:`gem_access/log/list`,...t,limit:r};return n!=null&&(i.before_id=n),e.callWS(i)}function Ee(e,t,n){return e.connection.subscribeMessage(n,{type:`gem_access/log/subscribe`,...t})}async function De(e,t){return(await e.callWS({type:`gem_access/log/count`,...t})).count}function J(e){return e&&typeof e==`object`&&`message`in e?String(e.message):String(e)}function Oe(e){if(e.result===`granted`&&e.reason===`duress`)return{key:`duress`,text:`Duress`,tone:`error`,shape:`badge`};switch(e.result){case`granted`:return{key:`granted`,text:`✓ Granted`,tone:`success`,shape:`text`};case`denied`:return{key:`denied`,text:`✕ Denied`,tone:`error`,shape:`text`};case`forced`:return{key:`forced`,text:`⚡ Forced`,tone:`error`,shape:`pill`};case`held_open`:return{key:`held_open`,text:`⏱ Held Open`,tone:`warning`,shape:`pill`};case`error`:return{key:`error`,text:`⚠ Error`,tone:`orange`,shape:`text`};default:return{key:String(e.result),text:String(e.result??`—`),tone:`neutral`,shape:`text`}}}var ke=/* @__PURE__ */ new Map;function Ae(e){let t=ke.get(e);return t||(t=new Intl.DateTimeFormat(`en-US`,{timeZone:e,hourCycle:`h23`,year:`numeric`,month:`2-digit`,day:`2-digit`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`}),ke.set(e,t)),t}function je(e,t){let n={};for(let r of Ae(t).formatToParts(e))r.type!==`literal`&&(n[r.type]=Number(r.value));return{year:n.year,month:n.month,day:n.day,hour:n.hour===24?0:n.hour,minute:n.minute,second:n.second}}function Y(e,t){let n=je(new Date(e),t);return Date.UTC(n.year,n.month-1,n.day,n.hour,n.minute,n.second)-Math.floor(e/1e3)*1e3}function Me(e,t){let n=Date.UTC(e.year,e.month-1,e.day,e.hour,e.minute,e.second),r=n-Y(n,t),i=n-Y(r,t);return i!==r&&(r=Math.max(r,i)),new Date(r)}function Ne(e,t){return Me({...je(e,t),hour:0,minute:0,second:0},t)}var Pe=/* @__PURE__ */ new Map;function Fe(e,t,n){let r=new Date(e);if(Number.isNaN(r.getTime()))return e;let i=`${n??``}|${t}`,a=Pe.get(i);if(!a){try{a=new Intl.DateTimeFormat(n||void 0,{timeZone:t,year:`numeric`,month:`short`,day:`numeric`,hour:`2-digit`,minute:`2-digit`,second:`2-digit`})}catch{a=new Intl.DateTimeFormat(void 0,{timeZone:t,dateStyle:`medium`,timeStyle:`medium`})}Pe.set(i,a)}return a.format(r)}function X(e,t,n,r){var i=arguments.length,a=i<3?t:r===null?r=Object.getOwnPropertyDescriptor(t,n):r,o;if(typeof Reflect==`object`&&typeof Reflect.decorate==`function`)a=Reflect.decorate(e,t,n,r);else for(var s=e.length-1;s>=0;s--)(o=e[s])&&(a=(i<3?o(a):i>3?o(t,n,a):o(t,n))||a);return i>3&&a&&Object.defineProperty(t,n,a),a}var Ie,Z=`/gem-access?range=today`;function Le(e,t){return Ne(new Date(e.getTime()+1296e5),t)}var Q=class extends W{constructor(...e){super(...e),this._config={type:`custom:gem-access-log-card`},this._rows=[],this._error=``,this._day=``,this._gen=0}setConfig(e){if(!e||typeof e!=`object`)throw Error(`Invalid configuration`);this._config={...e}}static getStubConfig(){return{type:`custom:gem-access-log-card`}}getCardSize(){return 2+Math.min(this._config.events??5,5)}set hass(e){let t=!this._hass;this._hass=e,t&&this.isConnected&&this._start()}get hass(){return this._hass}connectedCallback(){super.connectedCallback(),this._hass&&this._start()}disconnectedCallback(){super.disconnectedCallback(),this._stop()}_stop(){let e=this._unsub;this._unsub=void 0,e?.then(e=>e()).catch(()=>void 0),window.clearTimeout(this._timer),window.clearTimeout(this._pending)}get _adminOnly(){return this._hass?.user?.is_admin===!1}_start(){if(!this._hass||this._unsub||this._adminOnly)return;let e=this._hass.config.time_zone,t=Ne(/* @__PURE__ */ new Date,e);this._day=t.toISOString(),this._gen++;let n={start:this._day};this._unsub=Ee(this._hass,n,()=>this._refreshSoon()),this._unsub.catch(e=>this._error=J(e)),this._refresh();let r=Le(t,e).getTime()-Date.now();this._timer=window.setTimeout(()=>{this._stop(),this._start()},Math.max(1e3,Math.min(r+500,864e5)))}_refreshSoon(){window.clearTimeout(this._pending),this._pending=window.setTimeout(()=>void this._refresh(),300)}async _refresh(){if(!this._hass)return;let e=this._gen,t={start:this._day};try{let[n,r]=await Promise.all([De(this._hass,t),Te(this._hass,t,null,Math.max(1,Math.min(this._config.events??5,50)))]);if(e!==this._gen)return;this._count=n,this._rows=r.rows.slice(0,this._config.events??5),this._error=``}catch(t){e===this._gen&&(this._error=J(t))}}_go(e){e.ctrlKey||e.metaKey||e.shiftKey||e.button!==0||(e.preventDefault(),window.history.pushState(null,``,Z),window.dispatchEvent(new CustomEvent(`location-changed`,{detail:{replace:!1}})))}render(){if(this._adminOnly)return N`<ha-card class="card">
        <div class="top"><span class="title">${this._config.title??`Access Log`}</span></div>
        <div class="none muted" id="admins-only">
          Only Home Assistant administrators can see the Access Log. Ask an administrator, or
          remove this card from dashboards shared with other users.
        </div>
      </ha-card>`;let e=this._hass?.config.time_zone??`UTC`,t=this._hass?.locale?.language??this._hass?.language,n=this._count===void 0?`…`:this._count.toLocaleString(t);return N`<ha-card class="card">
      <div class="top"><span class="title">${this._config.title??`Access Log`}</span></div>
      <a class="count" id="today-count" data-count=${this._count??``} href=${Z} @click=${this._go}
        >${n} <small>${this._count===1?`event`:`events`} today</small></a
      >
      ${this._error?N`<div class="error-text">${this._error}</div>`:F}
      ${this._count===0&&!this._rows.length?N`<div class="none muted">No access events yet today.</div>`:F}
      <ul>
        ${this._rows.map(n=>N`<li>
            <span class="who">${n.user_name??`—`} · ${n.device_name??n.door_name??``}</span>
            ${we(Oe(n))}
            <span class="sub">${Fe(n.timestamp,e,t)}</span>
          </li>`)}
      </ul>
      <a class="all" href=${Z} @click=${this._go}>Open the Access Log</a>
    </ha-card>`}};Ie=Q,Ie.styles=[Ce,o`
      ha-card,
      .card {
        display: block;
        padding: 16px;
      }
      .top {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: 8px;
      }
      .title {
        font-size: 16px;
        font-weight: 500;
      }
      a.count {
        font-size: 32px;
        font-weight: 400;
        color: var(--primary-color);
        text-decoration: none;
        display: block;
        margin: 4px 0 8px;
      }
      a.count small {
        font-size: 14px;
        color: var(--ga-muted);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px 8px;
        padding: 6px 0;
        border-top: 1px solid var(--ga-border);
        font-size: 14px;
      }
      li .sub {
        font-size: 12px;
        color: var(--ga-muted);
        grid-column: 1 / -1;
      }
      li .who {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .none {
        font-size: 14px;
        padding: 6px 0;
        border-top: 1px solid var(--ga-border);
      }
      a.all {
        display: inline-block;
        margin-top: 8px;
        color: var(--primary-color);
        font-size: 14px;
      }
    `],X([K()],Q.prototype,`_config`,void 0),X([K()],Q.prototype,`_count`,void 0),X([K()],Q.prototype,`_rows`,void 0),X([K()],Q.prototype,`_error`,void 0),X([G({attribute:!1})],Q.prototype,`_hass`,void 0);var Re=window.customElements;q(`gem-access-log-card`,Q),Re.whenDefined(`home-assistant`).then(()=>{if(window.customElements!==Re)try{q(`gem-access-log-card`,Q)}catch(e){console.error(`gem-access-log-card: could not register the card`,e)}});var $=window;$.customCards=$.customCards??[],$.customCards.some(e=>e.type===`gem-access-log-card`)||$.customCards.push({type:`gem-access-log-card`,name:`GEM Access log`,description:`Today's access events and the latest few, linking to the Access Log.`});export{Q as GemAccessLogCard,Z as TODAY_URL,Le as nextMidnight};